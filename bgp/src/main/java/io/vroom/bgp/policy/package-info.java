/**
 * Route policy applied on import and export per peer: prefix lists (with ge/le), AS-path regular
 * expressions with Cisco-style {@code _}, community and large-community match/set/delete,
 * LOCAL_PREF and MED set, AS-path prepend, next-hop-self. A {@link io.vroom.bgp.policy.Policy} is
 * an ordered list of {@link io.vroom.bgp.policy.PolicyTerm}s; all plain data.
 */
package io.vroom.bgp.policy;
