/**
 * A real OpenID Connect provider on loopback for the sign-in end-to-end tests, built on the
 * certified `oidc-provider` package: discovery, JWKS, authorization code + PKCE, signed ID
 * tokens, userinfo and RP-initiated logout, exactly what Callview meets in production.
 *
 * Login uses the package's development interaction page (type the account's email, any
 * password); consent is skipped for the one first-party client, as a company IdP would.
 *
 * Run: npx tsx e2e-auth/oidc-server.ts   (Playwright starts it; see playwright.auth.config.ts)
 */
import { exportJWK, generateKeyPair } from "jose";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { AUTH_E2E } from "./auth-e2e-env";

/** `emailVerified: null` leaves the claim out of the ID token, as some providers do. */
type TestAccount = { email: string; name: string; emailVerified: boolean | null };

const accountsByEmail = new Map<string, TestAccount>(
  Object.values(AUTH_E2E.accounts).map((account) => [account.email, account]),
);

async function signingKey() {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: "e2e-signing-key", alg: "RS256", use: "sig" };
}

const configuration: Configuration = {
  clients: [
    {
      client_id: AUTH_E2E.clientId,
      client_secret: AUTH_E2E.clientSecret,
      redirect_uris: [`${AUTH_E2E.appUrl}/auth/callback`],
      post_logout_redirect_uris: [`${AUTH_E2E.appUrl}/auth/signed-out`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  cookies: { keys: ["oidc-e2e-cookie-key-not-secret"] },
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name"],
  },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  // Skip the consent screen: the dashboard is a first-party client of the company IdP.
  async loadExistingGrant(ctx: KoaContextWithOIDC) {
    const { client, session, result } = ctx.oidc;
    if (!client || !session?.accountId) return undefined;
    const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
  async findAccount(_ctx, id) {
    const account = accountsByEmail.get(id.trim().toLowerCase());
    if (!account) return undefined;
    return {
      accountId: account.email,
      async claims() {
        return {
          sub: account.email,
          email: account.email,
          ...(account.emailVerified === null ? {} : { email_verified: account.emailVerified }),
          name: account.name,
        };
      },
    };
  },
};

// A main function rather than top-level await: tsx runs this file as CommonJS.
async function main() {
  const provider = new Provider(AUTH_E2E.idpUrl, { ...configuration, jwks: { keys: [await signingKey()] } });
  const server = provider.listen(AUTH_E2E.idpPort, "127.0.0.1", () => {
    console.log(`test OpenID provider listening on ${AUTH_E2E.idpUrl}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
