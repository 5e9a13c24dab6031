import { useState } from 'react';
import { type ImportedProgress, readExportFile } from '../api/read-export-file.ts';
import { FileDrop } from './file-drop.tsx';
import { ImportedProgressView } from './imported-progress.tsx';

/**
 * /import: My Progress from an export file, with no server. The file is read in the page and never sent or stored;
 * this page makes no request of its own.
 */
export function ImportPage() {
  const [progress, setProgress] = useState<ImportedProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);

  const open = async (file: File) => {
    setReading(true);
    const result = await readExportFile(file);
    setReading(false);
    if (result.ok) {
      setProgress(result.progress);
      setError(null);
    } else {
      // A refused file leaves what was shown before in place, with the reason above it.
      setError(`${file.name}: ${result.message}`);
    }
  };

  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-white sm:text-3xl">Progress from a file</h1>
        <p className="mt-1 text-sm text-slate-300">
          See your progress from an export, without a server: the file is read here, in this page, and goes
          nowhere.
        </p>
      </header>
      <FileDrop onFile={(file) => void open(file)} />
      {reading ? (
        <p role="status" className="text-sm text-slate-300">
          Reading the file…
        </p>
      ) : null}
      {error ? (
        <div
          role="alert"
          className="rounded-xl border border-rose-400/40 bg-rose-500/10 px-4 py-3 text-sm text-rose-100"
        >
          {error}
        </div>
      ) : null}
      {progress ? <ImportedProgressView progress={progress} /> : null}
    </div>
  );
}
