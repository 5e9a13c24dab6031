import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ADMIN_KEY } from '../api/admin-queries.ts';
import { AdminView } from './admin-view.tsx';
import { KeyForm } from './key-form.tsx';

/**
 * /admin, for whoever runs the backend. The service_role key lives in this component's state only: this
 * tab's memory, gone when the page is left or reloaded. Admin answers are dropped from the cache likewise.
 */
export function AdminPage() {
  const [key, setKey] = useState<string | null>(null);
  const queryClient = useQueryClient();

  useEffect(() => () => queryClient.removeQueries({ queryKey: ADMIN_KEY }), [queryClient]);

  function forget() {
    queryClient.removeQueries({ queryKey: ADMIN_KEY });
    setKey(null);
  }

  return (
    <div className="mx-auto flex w-full max-w-4xl flex-col gap-4">
      {key === null ? <KeyForm onKey={setKey} /> : <AdminView adminKey={key} onForget={forget} />}
    </div>
  );
}
