/**
 * The coach demo plays a partner site that embeds the widget, so its own sign-in is the partner's;
 * Edge Coach's shell adds only the way back (the navigation) and the language switch.
 */
import { mountShell } from "../shared/shell.js";

mountShell({ line: "coach", titleKey: "title.coach", account: false });
