// The word list for the offline HMAC secret check: common and default secrets (framework and
// tutorial defaults, placeholder values, common passwords), expanded with the mutations people
// apply (case, digits, years, separators, "secret"/"key" affixes). Deterministic; built once.

const BASE = `secret secretkey secret_key secret-key secretKey SECRET_KEY jwt jwtsecret jwt_secret jwt-secret jwtSecret
JWT_SECRET jwtkey jwt_key jwt-key jwtsecretkey jwt_secret_key token tokensecret token_secret token-secret tokenSecret
access accesssecret access_secret access-token-secret accessTokenSecret refresh refreshsecret refresh_secret
refreshTokenSecret app appsecret app_secret app-secret appSecret APP_SECRET apikey api_key api-key apiKey apisecret
api_secret signing signingkey signing_key signing-secret signingSecret hmac hmacsecret hmac_secret hmackey hs256 HS256
your-256-bit-secret your-384-bit-secret your-512-bit-secret your_jwt_secret your-secret your_secret yoursecret
your-secret-key your_secret_key yoursecretkey your-jwt-secret your_jwt_secret_key mysecret my_secret my-secret
mySecret mysecretkey my_secret_key my-secret-key mySecretKey mysupersecret mysupersecretkey supersecret super_secret
super-secret superSecret supersecretkey super_secret_key topsecret top_secret top-secret verysecret very_secret
changeme change_me change-me changeit changethis change_this change-this changemeplease replaceme replace_me
replace-me replace-this todo TODO fixme placeholder default defaultsecret default_secret default-secret dummy
example examplesecret sample samplesecret test testing tests testsecret test_secret test-secret testkey test_key
dev development devsecret dev_secret dev-secret local localsecret local_secret staging prod production prodsecret
qa demo demosecret demo_secret keyboard keyboardcat keyboard_cat keyboard-cat shhhhh shhhhhh shhhhhhh shh shhh
shhhh shhhhhared-secret sharedsecret shared_secret shared-secret private privatekey private_key private-key
privateKey public publickey key key1 key123 mykey my_key masterkey master_key master-key master session
sessionsecret session_secret session-secret sessionSecret cookie cookiesecret cookie_secret cookieSecret express
expresssecret node nodejs nodesecret flask flasksecret django djangosecret django-insecure rails railssecret
laravel spring springsecret nest nestjs nestsecret koa fastify hapi loopback strapi parse parseserver firebase
supabase auth auth0 authsecret auth_secret auth-secret authkey auth_key authentication authorization oauth
oauthsecret client clientsecret client_secret client-secret clientSecret consumer consumersecret server
serversecret server_secret backend backendsecret frontend api apisecretkey rest restapi graphql gql user users
userSecret admin adminsecret admin_secret administrator root rootsecret toor system sys super superuser superadmin
password password1 password123 passw0rd p@ssw0rd p@ssword pass pass123 passwd pwd letmein welcome welcome1
hello hello123 helloworld hello_world hello-world qwerty qwerty123 qwertyuiop asdf asdfgh asdfghjkl zxcvbn
123456 1234567 12345678 123456789 1234567890 12345 1234 123 111111 000000 0000 654321 123123 112233 121212
abc abc123 abcd abcd1234 abcdef abcdefg abcdefgh iloveyou monkey dragon master1 sunshine princess football
baseball shadow michael superman batman trustno1 whatever freedom ninja mustang access14 starwars jordan jordan23
secret1 secret12 secret123 secret1234 secret!23 Secret Secret123 SECRET SECRET123 s3cr3t s3cret secr3t 53cr37
s3cr3tk3y secure securekey secure_key securesecret insecure unsafe notsecret not_secret notasecret nosecret
none null undefined empty blank nothing xxx xxxx xxxxx xxxxxx xxxxxxxx foo bar baz foobar qux quux lorem ipsum
lipsum random randomsecret random_secret random-string randomstring generated uuid guid salt pepper hash hashkey
encryption encryptionkey encryption_key encrypt decrypt cipher crypto cryptokey aes aeskey rsa rs256 es256
gsdfgsdfg asdfasdf qweqwe zzzzzz aaaaaa abc123456 a1b2c3 1q2w3e 1q2w3e4r 1qaz2wsx qazwsx zaq12wsx letmein123
company companysecret acme acmesecret mycompany myapp my_app my-app myapp_secret myappsecret project projectsecret
service servicesecret microservice gateway gatewaysecret internal internalsecret intranet web websecret website
portal app_key appkey application applicationsecret platform store shop ecommerce payment payments billing
account accounts customer customers member members profile profiles order orders cart checkout invoice
mobile android ios webapp spa react angular vue next nuxt svelte ember backbone jquery javascript typescript
java python ruby golang go rust php csharp dotnet kotlin swift scala elixir erlang haskell clojure perl
docker kubernetes k8s helm aws azure gcp heroku vercel netlify render railway fly digitalocean linode
mongo mongodb mongoose postgres postgresql mysql mariadb sqlite redis memcached elastic elasticsearch kafka
rabbit rabbitmq nats celery sidekiq resque bull queue worker job cron scheduler
jsonwebtoken json-web-token jsonwebtokensecret jws jwe jwk jwks bearer bearertoken bearer_token
login logintoken login_secret signin signup register registration password_reset reset resetsecret
verify verification verifysecret confirm confirmation email emailsecret mail mailer smtp sms otp totp mfa 2fa
captcha recaptcha csrf csrfsecret xsrf nonce state
tutorial course udemy coursera bootcamp demoapp todo todoapp todolist blog blogapp notes notesapp chat chatapp
social twitter facebook google github gitlab bitbucket slack discord telegram whatsapp instagram linkedin
openai stripe paypal twilio sendgrid mailgun postmark
a b c x y z ab abc12 key12 secretsecret secretpassword passwordsecret tokenkey keytoken mytoken my_token
thisismysecret this_is_my_secret thisisasecret this-is-a-secret thisismysecretkey this_is_a_secret_key
itsasecret its_a_secret donttell dont_tell nobodyknows nobody_knows hidden hiddensecret classified confidential
iamsecret iamthesecret thesecret the_secret the-secret sekret sekrit secreto segredo geheim geheimnis
clave contrasena motdepasse passwort parola senha lozinka haslo jelszo heslo
`;

const SUFFIXES = ['', '1', '12', '123', '1234', '!', '!!', '@123', '_1', '-1', '2020', '2021', '2022', '2023', '2024', '2025', '2026', '_2024', '-2024', '_dev', '_prod', '_test', '-dev', '-prod', '-test', '_key', '_secret', '-key', '-secret'];

let cached: readonly string[] | undefined;

/** Candidate HMAC secrets, most likely first, without duplicates (more than 10,000). */
export function jwtSecretCandidates(): readonly string[] {
  if (cached) return cached;
  const base = [...new Set(BASE.split(/\s+/).filter(Boolean))];
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (s: string) => {
    if (!seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  };
  for (const w of base) add(w);
  for (const suffix of SUFFIXES) {
    for (const w of base) {
      add(w + suffix);
      add(w.charAt(0).toUpperCase() + w.slice(1) + suffix);
      add(w.toUpperCase() + suffix);
    }
  }
  cached = out;
  return out;
}
