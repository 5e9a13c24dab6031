import { useLayoutEffect, useRef } from 'react';

/**
 * FLIP for list rows: after each render, rows whose key moved slide from their old place to the
 * new one (transform only, so nothing reflows). Skipped when the person prefers reduced motion.
 */
export function useFlip(keys: readonly string[]): (key: string) => (el: HTMLElement | null) => void {
  const elements = useRef(new Map<string, HTMLElement>());
  const lastTops = useRef(new Map<string, number>());
  const order = keys.join('|');

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the order of rows changes
  useLayoutEffect(() => {
    const reduce = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? true;
    const tops = new Map<string, number>();
    for (const [key, el] of elements.current) {
      const top = el.getBoundingClientRect().top;
      tops.set(key, top);
      const before = lastTops.current.get(key);
      if (reduce || before === undefined || before === top) continue;
      el.animate([{ transform: `translateY(${before - top}px)` }, { transform: 'translateY(0)' }], {
        duration: 450,
        easing: 'cubic-bezier(0.2, 0.8, 0.2, 1)',
      });
    }
    lastTops.current = tops;
  }, [order]);

  return (key) => (el) => {
    if (el) elements.current.set(key, el);
    else elements.current.delete(key);
  };
}
