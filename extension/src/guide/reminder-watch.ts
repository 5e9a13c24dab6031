import * as vscode from 'vscode';
import { freshReminder, onBreak, onEdit, type ReminderState, reminderDue } from './reminder.ts';

/** Watches editing and, when due, shows one gentle non-modal nudge. */
export class ReminderWatch {
  #state: ReminderState = freshReminder;
  #showing = false;

  constructor(
    private readonly now: () => number,
    private readonly minutes: () => number,
    private readonly isBreathing: () => boolean,
    private readonly startBreathing: () => void,
  ) {}

  edited(): void {
    if (this.minutes() <= 0 || this.isBreathing()) return;
    const now = this.now();
    this.#state = onEdit(this.#state, now);
    if (this.#showing || !reminderDue(this.#state, now, this.minutes())) return;
    this.#showing = true;
    this.#state = onBreak();
    const start = 'Start Breathing';
    void vscode.window
      .showInformationMessage('You have been coding for a while. Time for a short breathing break?', start)
      .then((answer) => {
        this.#showing = false;
        if (answer === start) this.startBreathing();
      });
  }

  breathed(): void {
    this.#state = onBreak();
  }
}
