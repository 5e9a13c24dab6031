import { useMutation } from '@tanstack/react-query';
import { syncClient } from '../../../shared/server.ts';

/** Fetches everything the server holds about the player and hands it to the browser as a file. */
export async function exportMyData(): Promise<void> {
  const data = await (await syncClient()).exportMyData();
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `breath-master-export-${new Date().toISOString().slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function useExportMyData() {
  return useMutation({ mutationFn: exportMyData });
}
