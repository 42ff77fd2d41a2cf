import type { TabDetections } from './observation';

/** Which detection sources the site has switched on, and what they found so far. */
export interface PageView {
  detections?: TabDetections;
  /** The echo header's name, when the site reads one. */
  echoHeader?: string;
  markers: boolean;
  sdks: boolean;
}
