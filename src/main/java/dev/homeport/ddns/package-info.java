/**
 * Dynamic DNS: keeps hostnames at a provider (dyndns2 family or DuckDNS) pointed at the router's public address,
 * while obeying the provider's rules so the account never gets blocked.
 *
 * <p>Entry points for other capabilities:
 * <ul>
 *   <li>{@link dev.homeport.ddns.DdnsUpdater#create} builds an updater from the {@code ddns:} config section;</li>
 *   <li>{@link dev.homeport.ddns.DdnsUpdater#update(String, boolean, boolean)} decides and, if needed, sends one update
 *       for the given public address, returning an {@link dev.homeport.ddns.UpdateOutcome} (never throws for a
 *       provider answer; throws {@link dev.homeport.ddns.DdnsException} only for local problems such as an unreadable
 *       state file);</li>
 *   <li>{@link dev.homeport.ddns.DdnsUpdater#status()} tells the last answer, when, the address and what happens next;</li>
 *   <li>{@link dev.homeport.ddns.PublicAddress#forConfig} picks the address source the section asks for (the router's
 *       WAN address, an IP-echo URL, or both cross-checked) and refuses when the two disagree (double NAT);
 *       {@link dev.homeport.ddns.AddressSource#router} adapts a {@code core.Router}.</li>
 * </ul>
 * The updater does not take the run lock: callers hold {@code state.RunLock} around a run.
 */
package dev.homeport.ddns;
