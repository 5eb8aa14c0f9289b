export { crewaiToolMap } from "./crewai-tools.ts";
export { type CrewProjectLayout, findCrewProject } from "./find-crew-project.ts";
export { formatCrewWarnings } from "./format-warnings.ts";
export { type LoadedCrewProject, loadCrewProject } from "./load-crew-project.ts";
