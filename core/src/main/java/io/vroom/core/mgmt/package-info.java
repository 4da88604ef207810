/** Small management helpers shared by the control API and the CLI (JSON). */
package io.vroom.core.mgmt;
