import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';

const variants: Record<Variant, string> = {
  primary: 'bg-calm text-ink hover:bg-calm-strong font-semibold',
  secondary: 'border border-line bg-panel-2 text-slate-100 hover:border-dusk',
  danger: 'border border-rose-400/60 text-rose-200 hover:bg-rose-500/15',
  ghost: 'text-slate-300 hover:text-white hover:bg-white/5',
};

export function Button({
  variant = 'primary',
  className = '',
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      type={type}
      className={`inline-flex min-h-11 items-center justify-center gap-2 rounded-xl px-4 py-2 text-sm transition-colors disabled:cursor-not-allowed disabled:opacity-50 ${variants[variant]} ${className}`}
      {...props}
    />
  );
}
