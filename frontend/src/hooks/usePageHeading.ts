import { useEffect, useRef } from 'react'

export const APP_NAME = 'SmartBreeds'
// The first page of a visit keeps the browser's own focus; every later route change moves it to the heading.
let firstPage = true

/** Sets document.title for the page and, after a route change, moves focus to its <h1> (tabIndex -1). */
export function usePageHeading<T extends HTMLElement = HTMLHeadingElement>(title: string) {
  const ref = useRef<T>(null)
  useEffect(() => {
    document.title = title === APP_NAME ? APP_NAME : `${title} · ${APP_NAME}`
  }, [title])
  useEffect(() => {
    if (firstPage) {
      firstPage = false
      return
    }
    ref.current?.focus({ preventScroll: false })
  }, [])
  return ref
}
