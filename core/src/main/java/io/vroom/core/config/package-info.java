/** YAML configuration with file, line and field in every error; sections reject unknown fields. */
package io.vroom.core.config;
