import type { Product } from './platform/platform.ts';

/** Every product of Maplelink, in the order their routes and migrations are registered. */
export function products(): Product[] {
  return [];
}
