// Sign out: the server forgets nothing, the browser forgets the session cookie.

document.getElementById("logout")?.addEventListener("click", async () => {
  await fetch("/v1/auth/session", { method: "DELETE", credentials: "same-origin" });
  location.assign("/login");
});
