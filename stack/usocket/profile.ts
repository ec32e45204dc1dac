/** The per-port profiles, kept here for the usocket API; they live beside `Device` (`stack/profile.ts`), which owns one. */
export { PROFILES, type Profile, type ProfileName } from "../profile.ts"
