// The follower as the engine sees it: defaults for a first contact, and a safe copy per step.
import type { FollowerView } from "./types";

export function createFollowerView(openid: string): FollowerView {
  return {
    openid,
    subscribed: true,
    scene: null,
    tags: [],
    isNew: true,
    interactions: 0,
    silentDays: 0,
    ab: {},
  };
}

export function copyFollower(follower: FollowerView): FollowerView {
  return { ...follower, tags: [...follower.tags], ab: { ...follower.ab } };
}
