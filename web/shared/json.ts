/** A response body read as JSON: null when it is empty or not JSON (an error page, a proxy's text). */
export function parseJson(text: string): any {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
