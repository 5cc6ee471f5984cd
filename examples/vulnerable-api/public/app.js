// Example Shop front end (served at /static/app.js).
// Uploads go straight to the bucket from the browser, so the credentials ship with the page.
const API_BASE = '';
const UPLOAD_BUCKET = 'example-shop-uploads';
const AWS_ACCESS_KEY_ID = 'AKIALEX3WNOF2VURUOPE';
const AWS_SECRET_ACCESS_KEY = 'AqqRAuxtMnlbmlEoqk5wBRChcXP9AQD3+TqFZkDM';

let token = window.localStorage.getItem('token');

async function api(path, options = {}) {
  const headers = { 'Content-Type': 'application/json', ...(options.headers || {}) };
  if (token) headers.Authorization = 'Bearer ' + token;
  const res = await fetch(API_BASE + path, { ...options, headers, credentials: 'include' });
  return res.json();
}

async function login(username, password) {
  const data = await api('/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password }) });
  token = data.token;
  window.localStorage.setItem('token', token);
  return data.user;
}

function uploadConfig() {
  return { bucket: UPLOAD_BUCKET, region: 'eu-west-1', credentials: { accessKeyId: AWS_ACCESS_KEY_ID, secretAccessKey: AWS_SECRET_ACCESS_KEY } };
}

async function render() {
  const root = document.getElementById('app');
  const { products } = await api('/api/products');
  root.innerHTML = '<ul>' + products.map((p) => '<li>' + p.name + ' — ' + (p.price_cents / 100).toFixed(2) + '</li>').join('') + '</ul>';
}

window.exampleShop = { api, login, uploadConfig };
render();
