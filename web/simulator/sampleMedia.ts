// The stand-in media a simulated follower sends: the + panel's photo, location and voice, and the
// menu's photo and location buttons.
import type { TestInput } from "../../shared/testcase";

export type SampleMedia = "image" | "location" | "voice";

export function sampleMedia(media: SampleMedia, locationLabel: string): TestInput {
  switch (media) {
    case "image":
      return { type: "media", media, mediaId: "sim-image", url: "https://example.com/photo.jpg" };
    case "voice":
      return { type: "media", media, mediaId: "sim-voice" };
    case "location":
      return { type: "media", media, label: locationLabel };
  }
}
