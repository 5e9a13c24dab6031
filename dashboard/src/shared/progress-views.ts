/**
 * The progress feature's figures (year heatmap, achievements, the XP chart), for pages that show progress from
 * somewhere other than the server: /import draws an export file with them. Features never import each other, so
 * they meet here; the chart stays a lazy chunk (Recharts is the largest dependency).
 */
export { AchievementsList } from '../features/progress/components/achievements-list.tsx';
export { YearHeatmap } from '../features/progress/components/year-heatmap.tsx';

export const loadXpChart = () => import('../features/progress/components/xp-chart.tsx');
