// The little of autocannon's API the runtime benchmark uses (the package ships no types).
declare module "autocannon" {
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
  }
  interface Result {
    requests: Histogram & { total: number };
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
  }
  interface Options {
    url: string;
    connections?: number;
    pipelining?: number;
    duration?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    amount?: number;
    requests?: Array<{
      setupRequest?: (request: Record<string, unknown>) => Record<string, unknown>;
    }>;
    /** Called for each connection; `setRequests` gives it requests of its own, built once. */
    setupClient?: (client: {
      setRequests(
        requests: Array<{
          method: string;
          path: string;
          body: string;
          headers: Record<string, string>;
        }>,
      ): void;
    }) => void;
  }
  /** The running benchmark: a promise of the result that also reports each response. */
  type Instance = Promise<Result> & { on(event: "response", listener: () => void): void };
  function autocannon(options: Options): Instance;
  export default autocannon;
}
