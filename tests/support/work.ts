import { work, type LoadWork } from '../../lib/background/work';

/** The background's work, imported directly: what the work script gives the worker in the browser. */
export const loadWorkDirectly: LoadWork = async () => work;
