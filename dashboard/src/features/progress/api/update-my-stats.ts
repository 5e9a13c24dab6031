// The privacy calls answer with fresh `my_stats`; the `player:<id>` channel writes the same way.
export { writeMyStats } from '../../../shared/my-stats.ts';
