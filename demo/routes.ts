import type { OutgoingHttpHeaders } from 'node:http';
import type { RequestFlags } from './pages';

/** What a demo route gets: the request's path and query, and the flags its request carried. */
export interface DemoRequest {
  path: string;
  query: URLSearchParams;
  flags: RequestFlags;
  /** http://shop.localhost:PORT */
  siteOrigin: string;
}

export interface DemoResponse {
  status: number;
  type?: string;
  body?: string | Buffer;
  headers?: OutgoingHttpHeaders;
}

/** Exact path → handler. Extra pages (SDK demos, marker demos) plug into the server this way. */
export type DemoRoutes = Record<string, (request: DemoRequest) => DemoResponse | Promise<DemoResponse>>;

export const HTML = 'text/html; charset=utf-8';
export const JS = 'text/javascript; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';
