import type { Dispatch, FormEvent, ReactNode, SetStateAction } from 'react';
import type { ApiError } from '../../api/api-error';
import { TextField } from './TextField';

/**
 * The card of the screens before anyone is signed in (sign in, create a workspace, join a
 * team): the brand, a title and a line of intro, the error banner, then the form's own fields.
 * `testId` names the form (`<testId>-form`) and its banner (`<testId>-error`).
 */
export function WelcomeCard(props: {
  testId: string;
  title: string;
  intro: string;
  onSubmit: (event: FormEvent) => void;
  bannerMessage?: string;
  children: ReactNode;
}) {
  return (
    <div className="signin-page">
      <form className="signin-card" onSubmit={props.onSubmit} data-testid={`${props.testId}-form`} noValidate>
        <div className="signin-brand">
          <span className="brand-mark" aria-hidden="true">
            F
          </span>
          <div>
            <h1>{props.title}</h1>
            <p className="muted">{props.intro}</p>
          </div>
        </div>
        {props.children}
      </form>
    </div>
  );
}

/** The error banner of a welcome form; a message that names one of the inputs shows under it instead. */
export function WelcomeBanner({ testId, message }: { testId: string; message?: string }) {
  if (!message) return null;
  return (
    <div className="alert error" role="alert" data-testid={`${testId}-error`}>
      {message}
    </div>
  );
}

export interface WelcomeField {
  name: string;
  label: string;
  autoComplete: string;
  type?: 'text' | 'password' | 'email';
  autoFocus?: boolean;
}

/** The banner's message: the error's, unless it names one of the fields (then it shows under that input). */
export function bannerMessage(error: ApiError | null | undefined, fields: readonly WelcomeField[]): string | undefined {
  if (!error || fields.some((f) => error.fieldMessage(f.name))) return undefined;
  return error.message;
}

/** A welcome form's inputs, each with the error message that names it; typing in one clears its message when `clearField` is given. */
export function WelcomeFields(props: {
  fields: readonly WelcomeField[];
  values: Record<string, string>;
  setValues: Dispatch<SetStateAction<Record<string, string>>>;
  clearField?: (name: string) => void;
  error: ApiError | null | undefined;
}) {
  return (
    <>
      {props.fields.map((f) => (
        <TextField
          key={f.name}
          label={f.label}
          name={f.name}
          type={f.type ?? 'text'}
          value={props.values[f.name] ?? ''}
          onChange={(v) => {
            props.setValues((prev) => ({ ...prev, [f.name]: v }));
            props.clearField?.(f.name);
          }}
          autoComplete={f.autoComplete}
          autoFocus={f.autoFocus}
          error={props.error?.fieldMessage(f.name)}
        />
      ))}
    </>
  );
}
