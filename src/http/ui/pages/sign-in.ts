import { html, type Html } from '../html';

/** The sign-in form: email and password (set by an admin), or an API token. Works without scripts. */
export function signInBody(input: {
  next: string | null;
  error?: string;
  email?: string;
  csrfToken?: string | null;
}): Html {
  return html`<div class="signin">
    ${input.error ? html`<p class="error" role="alert" id="signin-error">${input.error}</p>` : ''}
    <form method="post" action="/ui/sign-in">
      ${input.next ? html`<input type="hidden" name="next" value="${input.next}" />` : ''}
      ${input.csrfToken ? html`<input type="hidden" name="_csrf" value="${input.csrfToken}" />` : ''}
      <fieldset>
        <legend>With your email and password</legend>
        <label
          >Email
          <input
            type="email"
            name="email"
            autocomplete="username"
            value="${input.email ?? ''}"
            maxlength="200"
        /></label>
        <label
          >Password <input type="password" name="password" autocomplete="current-password" maxlength="200"
        /></label>
        <button type="submit" name="method" value="password">Sign in</button>
      </fieldset>
    </form>
    <form method="post" action="/ui/sign-in">
      ${input.next ? html`<input type="hidden" name="next" value="${input.next}" />` : ''}
      ${input.csrfToken ? html`<input type="hidden" name="_csrf" value="${input.csrfToken}" />` : ''}
      <fieldset>
        <legend>Or with an API token</legend>
        <label>API token <input type="password" name="token" autocomplete="off" maxlength="200" /></label>
        <button type="submit" name="method" value="token">Sign in with token</button>
      </fieldset>
    </form>
    <p class="note">
      Ask an admin for a password or a token. Signing in sets a session cookie that only this site can read.
    </p>
  </div>`;
}
