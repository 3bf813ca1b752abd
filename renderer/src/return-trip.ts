/**
 * A trip from a recipe's wizard to a setting it needs (the mail server) and back: what the owner
 * typed is kept in this tab's session storage, the setting's page offers the way back, and the
 * wizard opens again with it filled in.
 */
const KEY = 'hooktray.returnTrip';

export interface WizardDraft {
  values: Record<string, string>;
  written: Record<string, string>;
  filterRows: unknown[];
}
export interface ReturnTrip {
  recipe: string;
  title: string;
  draft: WizardDraft;
  /** The page gone to: the way back is offered there. */
  to: 'email';
}

export function leaveFor(trip: ReturnTrip): void {
  sessionStorage.setItem(KEY, JSON.stringify(trip));
}

export function pendingTrip(): ReturnTrip | undefined {
  try {
    return (JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as ReturnTrip | null) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Back to Recipes: the wizard of the trip's recipe opens again. */
export function goBack(): void {
  location.hash = '#/recipes';
}

/** The wizard takes its draft back once; the trip is over. */
export function takeDraft(recipe: string): WizardDraft | undefined {
  const trip = pendingTrip();
  if (trip?.recipe !== recipe) return undefined;
  sessionStorage.removeItem(KEY);
  return trip.draft;
}

export function cancelTrip(): void {
  sessionStorage.removeItem(KEY);
}
