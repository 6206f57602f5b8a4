/**
 * Faults the test API server can inject, per kind key (`Secret`, `Deployment.apps`) or per exact path
 * (`/version`, `/api/v1/nodes/worker-1/proxy/configz`). `times` limits how many requests a fault hits;
 * without it the fault is permanent.
 */
export type Fault =
  /** Answer with this HTTP status and a Kubernetes Status body (403, 404, 500, 503...). */
  | { readonly type: 'status'; readonly status: number; readonly times?: number }
  /** 410 Gone on a request that carries a `continue` token: the token expired mid-list. */
  | { readonly type: 'expire-continue'; readonly times?: number }
  /** 429 with `Retry-After: retryAfterSeconds` (default 1). */
  | { readonly type: 'rate-limit'; readonly times: number; readonly retryAfterSeconds?: number }
  /** Wait before answering normally. */
  | { readonly type: 'slow'; readonly delayMs: number; readonly times?: number }
  /** Announce the full Content-Length, send half the body, then drop the connection. */
  | { readonly type: 'truncate'; readonly times?: number };

interface ActiveFault {
  readonly fault: Fault;
  remaining: number;
}

export class FaultBook {
  private readonly byTarget = new Map<string, ActiveFault[]>();

  set(target: string, fault: Fault): void {
    const list = this.byTarget.get(target) ?? [];
    list.push({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
    this.byTarget.set(target, list);
  }

  clear(): void {
    this.byTarget.clear();
  }

  /** The fault this request runs into, if any, used up by one. Path faults win over kind faults. */
  take(targets: readonly string[], hasContinue: boolean): Fault | undefined {
    for (const target of targets) {
      const active = this.byTarget.get(target)?.find((entry) => entry.remaining > 0 && (entry.fault.type !== 'expire-continue' || hasContinue));
      if (active !== undefined) {
        active.remaining -= 1;
        return active.fault;
      }
    }
    return undefined;
  }
}
