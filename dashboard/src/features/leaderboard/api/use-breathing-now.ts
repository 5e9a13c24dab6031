import { useEffect, useState } from 'react';
import { watchBreathingNow } from '../../../shared/presence.ts';

/** How many tabs and editors are breathing right now (Presence on `breathing-now`). */
export function useBreathingNow(): number {
  const [count, setCount] = useState(0);
  useEffect(() => watchBreathingNow(setCount), []);
  return count;
}
