/* global window, document */
// Example Shop front end (served at /static/app.js). No credentials here: uploads use short-lived
// pre-signed URLs that the API hands out to a signed-in user.
const API_BASE = '';

let token = window.sessionStorage.getItem('token');

async function api(path, options = {}) {
  const headers = { 'Content-Type': 'application/json', ...(options.headers || {}) };
  if (token) headers.Authorization = 'Bearer ' + token;
  const res = await fetch(API_BASE + path, { ...options, headers });
  return res.json();
}

async function login(username, password) {
  const data = await api('/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password }) });
  token = data.token;
  window.sessionStorage.setItem('token', token);
  return data.user;
}

async function render() {
  const root = document.getElementById('app');
  const { products } = await api('/api/products');
  const list = document.createElement('ul');
  for (const p of products) {
    const item = document.createElement('li');
    item.textContent = p.name + ' — ' + (p.price_cents / 100).toFixed(2);
    list.appendChild(item);
  }
  root.replaceChildren(list);
}

window.exampleShop = { api, login };
render();
