import { registerSW } from 'virtual:pwa-register';

/** Registers the precaching service worker in production builds (the breathing page works offline). */
export function registerServiceWorker(): void {
  if (import.meta.env.PROD && 'serviceWorker' in navigator) registerSW({ immediate: true });
}
