/** The version written into soups' metadata and printed by `soce --version`. */
export const VERSION = '0.1.0';
