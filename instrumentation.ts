/**
 * Runs once when the server starts: validating configuration here turns a bad value into one
 * clear start-up error instead of a failure on the first request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { serverEnv } = await import("./lib/server/env.server");
    const env = serverEnv();
    console.log(
      env.demoMode
        ? "Callview: no ALLO_API_KEY set, serving built-in demo data."
        : `Callview: using the Allo API at ${env.alloApiBaseUrl}.`,
    );
  }
}
