// The login page: exchange the pasted token for the session cookie, then go where we were headed.

const form = document.getElementById("login");
const error = document.getElementById("login-error");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  const token = form.elements.token.value.trim();
  const response = await fetch("/v1/auth/session", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Accept-Language": document.documentElement.lang },
    body: JSON.stringify({ token }),
    credentials: "same-origin",
  });
  if (response.ok) {
    location.assign(form.dataset.next);
    return;
  }
  let message = `HTTP ${response.status}`;
  try {
    message = (await response.json()).error.message;
  } catch {
    // keep the status
  }
  error.textContent = form.dataset.failed + message;
  error.hidden = false;
  form.elements.token.focus();
});
