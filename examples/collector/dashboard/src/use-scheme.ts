import { useEffect, useState } from 'preact/hooks';

/** 'dark' or 'light', following prefers-color-scheme live: canvas charts must be redrawn in the new colours. */
export function useScheme(): 'dark' | 'light' {
  const query = matchMedia('(prefers-color-scheme: dark)');
  const [dark, setDark] = useState(query.matches);
  useEffect(() => {
    const on = () => setDark(query.matches);
    query.addEventListener('change', on);
    return () => query.removeEventListener('change', on);
  }, []);
  return dark ? 'dark' : 'light';
}
