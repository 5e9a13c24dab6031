import { type DragEvent, useId, useRef, useState } from 'react';

/** A drop zone that is also a file picker (a labelled input, so keyboards and screen readers get the picker). */
export function FileDrop({ onFile }: { onFile: (file: File) => void }) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const take = (files: FileList | null) => {
    const file = files?.[0];
    if (file) onFile(file);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    take(e.dataTransfer.files);
  };
  return (
    <section
      aria-label="Export file"
      data-testid="drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      className={`rounded-2xl border-2 border-dashed px-4 py-10 text-center transition-colors ${over ? 'border-calm bg-calm/10' : 'border-line'}`}
    >
      <p className="text-slate-200">Drop an export file here, or</p>
      <label
        htmlFor={id}
        className="mt-3 inline-flex min-h-11 cursor-pointer items-center justify-center rounded-xl bg-calm px-4 py-2 text-sm font-semibold text-ink hover:bg-calm-strong focus-within:outline-2"
      >
        Choose a file
      </label>
      <input
        ref={input}
        id={id}
        type="file"
        accept=".json,application/json"
        className="sr-only"
        onChange={(e) => {
          take(e.target.files);
          // Choosing the same file again must read it again.
          if (input.current) input.current.value = '';
        }}
      />
      <p className="mt-3 text-xs text-slate-400">
        An export of Breath Master (Export My Data), or Breath Master 0.3&apos;s Export Data saved as a .json
        file.
      </p>
    </section>
  );
}
