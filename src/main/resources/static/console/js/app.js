// Placeholder console: signs in with an API key, shows who is signed in, signs out.
const form = document.getElementById('sign-in-form');
const who = document.getElementById('who');
const signOut = document.getElementById('sign-out');
let session = null;

function show(current) {
  session = current;
  form.hidden = current !== null;
  signOut.hidden = current === null;
  who.textContent = current ? current.client : '';
}

async function load() {
  const response = await fetch('/console/session', { credentials: 'same-origin' });
  show(response.ok ? await response.json() : null);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const response = await fetch('/console/session', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
    body: JSON.stringify({ apiKey: document.getElementById('sign-in-key').value }),
  });
  document.getElementById('sign-in-key').value = '';
  if (response.ok) {
    document.getElementById('sign-in-result').textContent = '';
    show(await response.json());
  } else {
    document.getElementById('sign-in-result').textContent = (await response.json()).detail;
  }
});

signOut.addEventListener('click', async () => {
  await fetch('/console/session', {
    method: 'DELETE', credentials: 'same-origin', headers: { 'X-CSRF-Token': session.csrfToken },
  });
  show(null);
});

load();
