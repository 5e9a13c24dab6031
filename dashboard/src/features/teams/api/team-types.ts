export interface TeamGoal {
  readonly metric: 'minutes' | 'cycles';
  readonly target: number;
  readonly progress: number;
  readonly starts_on: string;
  readonly ends_on: string;
  readonly reached_on: string | null;
}

export interface Team {
  readonly id: string;
  readonly name: string;
  readonly join_code: string;
  readonly member_count: number;
  readonly goal: TeamGoal | null;
}
