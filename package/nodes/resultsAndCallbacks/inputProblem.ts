/** Something wrong with an item's input, found before any request is sent. */
export interface InputProblem {
	/** What was found, in words a workflow builder understands. */
	message: string;
	/** How to fix it. */
	description: string;
}
