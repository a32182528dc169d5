import { useEffect, useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Link, Route, Router, Switch, useLocation } from "wouter";
import { useHashLocation } from "wouter/use-hash-location";
import { ChainContext, chainOf } from "./chain/context";
import type { Deployment } from "./chain/networks";
import { useNodeChainId, usePause } from "./chain/queries";
import { ErrorState, Loading } from "./components/common";
import { AdvisorPage } from "./pages/Advisor";
import { DaoPage } from "./pages/Dao";
import { NetworkPage } from "./pages/Network";
import { ProposalDetail, ProposalsPage } from "./pages/Proposals";
import { RecommendationDetail, RecommendationsPage } from "./pages/Recommendations";
import { SimulationPage } from "./pages/Simulation";
import { TreasuryPage } from "./pages/Treasury";
import { WalletProvider, useWallet } from "./wallet/WalletContext";

const PAGES = [
  ["/", "DAO"],
  ["/treasury", "Treasury"],
  ["/recommendations", "Recommendations"],
  ["/proposals", "Proposals"],
  ["/advisor", "Advisor"],
  ["/simulation", "Simulation"],
  ["/network", "Network"],
] as const;

function WalletBar() {
  const { state, connect, disconnect } = useWallet();
  return (
    <div className="wallet" aria-label="Wallet" role="region">
      {state.kind === "connected" ? (
        <>
          <span>
            Connected: <code>{state.address}</code>
          </span>{" "}
          <button type="button" onClick={disconnect}>
            Disconnect
          </button>
        </>
      ) : (
        <button type="button" onClick={() => void connect()} disabled={state.kind === "connecting"}>
          {state.kind === "connecting" ? "Connecting…" : "Connect wallet"}
        </button>
      )}
      {state.kind === "no-wallet" && (
        <p role="alert" className="alert">
          No wallet found: install Keplr (or a wallet with the same API), then connect again. Reading works without one.
        </p>
      )}
      {state.kind === "locked" && (
        <p role="alert" className="alert">
          The wallet is locked or refused access: {state.reason}
        </p>
      )}
      {state.kind === "wrong-chain" && (
        <p role="alert" className="alert">
          Wrong chain: {state.reason}
        </p>
      )}
    </div>
  );
}

function Banners() {
  const node = useNodeChainId();
  const pause = usePause();
  const chainId = useMemo(() => node.data, [node.data]);
  return (
    <>
      {node.isError && <ErrorState error={node.error} what="the chain" />}
      {chainId !== undefined && pause.data && "paused" in pause.data && (
        <p role="alert" className="alert">
          The DAO is paused: proposals cannot execute and the treasury does not move (see the DAO page for the time left).
        </p>
      )}
    </>
  );
}

function Nav() {
  const [location] = useLocation();
  return (
    <nav aria-label="Pages">
      <ul>
        {PAGES.map(([href, name]) => {
          const current = href === "/" ? location === "/" : location.startsWith(href);
          return (
            <li key={href}>
              <Link href={href} aria-current={current ? "page" : undefined}>
                {name}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function FocusOnNavigate() {
  // Moves focus to the page's main region on navigation, so screen readers
  // and keyboard users start at the new content.
  const [location] = useLocation();
  useEffect(() => {
    document.getElementById("main")?.focus();
  }, [location]);
  return null;
}

const CHOSEN_KEY = "steward.deployment";

export function App() {
  const deployments = useQuery({
    queryKey: ["deployments"],
    queryFn: async () => {
      const res = await fetch("./deployments.json");
      if (!res.ok) throw new Error(`deployments.json: HTTP ${res.status}`);
      return (await res.json()) as Deployment[];
    },
    staleTime: Infinity,
  });
  const [chosen, setChosen] = useState(() => Number(localStorage.getItem(CHOSEN_KEY) ?? 0));
  const choose = (i: number) => {
    localStorage.setItem(CHOSEN_KEY, String(i));
    setChosen(i);
  };
  if (deployments.isPending) return <Loading what="deployments" />;
  if (deployments.isError) return <ErrorState error={deployments.error} what="the deployment files" />;
  const list = deployments.data;
  if (list.length === 0) return <p role="alert">No deployment files: deploy a DAO with steward-deploy first.</p>;
  const index = chosen < list.length ? chosen : 0;
  const chain = chainOf(list[index]);
  return (
    <Router hook={useHashLocation}>
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById("main")?.focus(); }}>
        Skip to content
      </a>
      {typeof chain === "string" ? (
        <main id="main" tabIndex={-1}>
          <p role="alert">{chain}</p>
          <label>
            Deployment{" "}
            <select value={index} onChange={(e) => choose(Number(e.target.value))}>
              {list.map((d, i) => (
                <option key={i} value={i}>
                  {d.network} ({d.chain_id})
                </option>
              ))}
            </select>
          </label>
        </main>
      ) : (
        <ChainContext.Provider value={chain}>
          <WalletProvider key={index}>
            <header>
              <span className="brand">Steward</span>
              <span className="chain">
                {chain.deployment.network} · {chain.deployment.chain_id}
              </span>
              <Nav />
              <WalletBar />
            </header>
            <FocusOnNavigate />
            <main id="main" tabIndex={-1}>
              <Banners />
              <Switch>
                <Route path="/">
                  <DaoPage />
                </Route>
                <Route path="/treasury">
                  <TreasuryPage />
                </Route>
                <Route path="/recommendations">
                  <RecommendationsPage />
                </Route>
                <Route path="/recommendations/:id">{(p) => <RecommendationDetail id={Number(p.id)} />}</Route>
                <Route path="/proposals">
                  <ProposalsPage />
                </Route>
                <Route path="/proposals/:id">{(p) => <ProposalDetail id={Number(p.id)} />}</Route>
                <Route path="/advisor">
                  <AdvisorPage />
                </Route>
                <Route path="/simulation">
                  <SimulationPage />
                </Route>
                <Route path="/network">
                  <NetworkPage deployments={list} chosen={index} choose={choose} />
                </Route>
                <Route>
                  <h1>Not found</h1>
                </Route>
              </Switch>
            </main>
          </WalletProvider>
        </ChainContext.Provider>
      )}
    </Router>
  );
}
