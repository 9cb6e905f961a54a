import { vi } from 'vitest'
import type { MockReply } from './api'

/** A stand-in XMLHttpRequest: reports upload progress, then answers with `reply(form)` as an envelope. */
export function mockXhrUpload(reply: (url: string, form: FormData) => MockReply) {
  const sent: { url: string; form: FormData }[] = []
  class FakeXhr {
    status = 0
    responseText = ''
    withCredentials = false
    upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null }
    onload: (() => void) | null = null
    onerror: (() => void) | null = null
    ontimeout: (() => void) | null = null
    onabort: (() => void) | null = null
    private url = ''
    open(_method: string, url: string) {
      this.url = url
    }
    setRequestHeader() {}
    getResponseHeader(): string | null {
      return null
    }
    abort() {
      this.onabort?.()
    }
    send(form: FormData) {
      sent.push({ url: this.url, form })
      setTimeout(() => {
        this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 })
        const { status = 200, data = null, error } = reply(this.url, form)
        this.status = status
        this.responseText = JSON.stringify(error ? { success: false, data: null, error: { details: {}, ...error }, timestamp: 't' } : { success: true, data, error: null, timestamp: 't' })
        this.onload?.()
      }, 0)
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr)
  return sent
}
