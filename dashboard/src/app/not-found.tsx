import { Link } from 'react-router';
import { Empty } from '../shared/ui/state-message.tsx';

export function NotFound() {
  return (
    <Empty title="This page does not exist">
      <Link to="/" className="text-calm underline underline-offset-4">
        Back to the leaderboard
      </Link>
    </Empty>
  );
}
