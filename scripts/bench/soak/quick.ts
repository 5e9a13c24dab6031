// The soak's short form (1 minute) as `npm run bench` runs it: run-all starts each benchmark by
// file, without arguments.
process.env.BENCH_QUICK = '1';
await import('../soak.ts');

export {};
