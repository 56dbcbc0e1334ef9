/**
 * "Reload the page": offered where code the page needs could not load, so reloading (a new
 * HTML, its scripts with it) is what still works. `href=""` is this very page, query included.
 */
export function ReloadLink() {
  return (
    <a href="" className="font-medium text-blue-700 underline dark:text-blue-300">
      Reload the page
    </a>
  );
}
