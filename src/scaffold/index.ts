export { type CrewkitPackage, findCrewkitPackage } from "./crewkit-package.ts";
export { type ScaffoldOptions, scaffoldProject } from "./scaffold-project.ts";
