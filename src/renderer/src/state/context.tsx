/** React bindings: the client and the session store travel by context; components select what they need. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Client } from '../api/client.js';
import type { SessionState, SessionStore } from './session.js';

const ClientContext = createContext<Client | null>(null);
const StoreContext = createContext<SessionStore | null>(null);

export function Providers({ client, store, children }: { client: Client; store: SessionStore; children: ReactNode }) {
  return (
    <ClientContext.Provider value={client}>
      <StoreContext.Provider value={store}>{children}</StoreContext.Provider>
    </ClientContext.Provider>
  );
}

export function useClient(): Client {
  const c = useContext(ClientContext);
  if (!c) throw new Error('useClient outside <Providers>');
  return c;
}

export function useSession<T>(selector: (s: SessionState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useSession outside <Providers>');
  return useStore(store, selector);
}
