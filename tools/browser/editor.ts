/**
 * n8n's editor in headless Chromium, through the selectors n8n's own end-to-end tests use (data-test-id), read from
 * n8n 2.40.7's DOM. The editor takes seconds to load and animates its panels, so every step waits for what it needs.
 */
import type { ConsoleMessage, Locator, Page } from 'playwright-core';

import { E2E_OWNER } from '../n8n/n8nRest';
import { launchChromium, type BrowserSession } from './chromium';

/** Generous: a cold editor on a busy 2-core machine takes tens of seconds. */
const LOAD_TIMEOUT_MS = 120_000;
const STEP_TIMEOUT_MS = 30_000;

const byTestId = (id: string) => `[data-test-id="${id}"]`;
/** What a drawn parameter holds: a text or number input, a switch, a select, a code editor. */
const PARAMETER_CONTROLS =
	'input, textarea, [contenteditable="true"], [role="combobox"], [role="switch"]';

/** A new workflow as n8n starts one, its manual trigger (named `triggerName`) alone: where "What happens next?" opens. */
export function newWorkflow(name: string, triggerName: string) {
	return {
		name,
		nodes: [
			{
				id: 'start',
				name: triggerName,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
		],
		connections: {},
		settings: {},
	};
}

/** A category's items in the nodes panel: their names, or their names under each label n8n groups them by. */
export type ListedItems = string[] | Record<string, string[]>;

export class N8nEditor {
	/** Console errors and uncaught exceptions since sign-in (the sign-in page's own 401 probe is not one). */
	readonly consoleErrors: string[] = [];
	private signedIn = false;

	private constructor(
		readonly page: Page,
		readonly baseUrl: string,
		private readonly session: BrowserSession,
	) {
		page.setDefaultTimeout(STEP_TIMEOUT_MS);
		page.on('console', (message: ConsoleMessage) => {
			if (this.signedIn && message.type() === 'error')
				this.consoleErrors.push(`${message.text()} (${message.location().url})`);
		});
		page.on('pageerror', (error) => this.consoleErrors.push(`uncaught: ${error.message}`));
	}

	/** A fresh browser signed in as the e2e owner (the one N8nRestClient.signIn set up). */
	static async signIn(baseUrl: string, viewport?: { width: number; height: number }) {
		const session = await launchChromium(viewport);
		try {
			const editor = new N8nEditor(await session.context.newPage(), baseUrl, session);
			await editor.signInAsOwner();
			return editor;
		} catch (error) {
			await session.close();
			throw error;
		}
	}

	private async signInAsOwner(): Promise<void> {
		await this.page.goto(`${this.baseUrl}/signin`, { timeout: LOAD_TIMEOUT_MS });
		const email = this.page.locator('input[name="emailOrLdapLoginId"]');
		await email.waitFor({ timeout: LOAD_TIMEOUT_MS });
		await email.fill(E2E_OWNER.email);
		await this.page.locator('input[name="password"]').fill(E2E_OWNER.password);
		await this.page.locator(byTestId('form-submit-button')).click();
		await this.page.waitForURL((url) => !url.pathname.startsWith('/signin'), {
			timeout: LOAD_TIMEOUT_MS,
		});
		this.signedIn = true;
	}

	/** The workflow's canvas, once its nodes are drawn. */
	async openWorkflow(workflowId: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/${workflowId}`);
		await this.page.locator(byTestId('canvas-node')).first().waitFor({ timeout: LOAD_TIMEOUT_MS });
		await this.settle();
	}

	/** One execution of a workflow, drawn on the executions tab's canvas. */
	async openExecution(workflowId: string, executionId: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/${workflowId}/executions/${executionId}`);
		await this.page
			.locator(byTestId(`execution-details-${executionId}`))
			.waitFor({ timeout: LOAD_TIMEOUT_MS });
		await this.page.locator(byTestId('canvas-node')).first().waitFor({ timeout: LOAD_TIMEOUT_MS });
		await this.settle();
	}

	canvasNode(name: string): Locator {
		return this.page.locator(`${byTestId('canvas-node')}[data-node-name="${name}"]`);
	}

	/** Opens a node's panel (NDV) by double-clicking it on the canvas; resolves when its parameters are drawn. */
	async openNode(name: string): Promise<Locator> {
		await this.canvasNode(name).dblclick();
		const panel = this.page.locator(byTestId('ndv'));
		await panel.locator(byTestId('node-parameters')).waitFor();
		await this.settle();
		return panel;
	}

	async closeNode(): Promise<void> {
		await this.page.locator(byTestId('ndv-close-button')).click();
		await this.page.locator(byTestId('ndv')).waitFor({ state: 'hidden' });
	}

	/** Drags the open panel's parameters column to the left, so the output table shows more of its columns. */
	async widenOutputPanel(): Promise<void> {
		await this.dragParametersColumn(-380);
	}

	/** Shows the open panel's output as n8n's Table, JSON or Schema view (it opens on Binary when the item has files). */
	async showOutputAs(view: 'Table' | 'JSON' | 'Schema'): Promise<void> {
		await this.page.locator(byTestId('output-panel')).getByText(view, { exact: true }).click();
		await this.settle();
	}

	/** Drags the open panel's parameters column to the right, so a trigger's panel (on the left) shows its texts. */
	async widenInputPanel(): Promise<void> {
		await this.dragParametersColumn(380);
	}

	private async dragParametersColumn(byPixels: number): Promise<void> {
		const handle = this.page.locator(byTestId('panel-drag-button'));
		const box = await handle.boundingBox();
		if (box === null) throw new Error("the node panel's drag handle is not visible");
		const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
		await this.page.mouse.move(x, y);
		await this.page.mouse.down();
		await this.page.mouse.move(x + byPixels, y, { steps: 10 });
		await this.page.mouse.up();
		await this.settle();
	}

	/**
	 * The names of the parameters the open panel drew a control for: a `parameter-input-<name>` holding an input, a
	 * switch, a select or a code editor. (For a type it cannot draw, n8n leaves that element empty.)
	 */
	async renderedParameters(): Promise<string[]> {
		const drawn = await this.page
			.locator(
				`${byTestId('ndv')} ${byTestId('node-parameters')} [data-test-id^="parameter-input-"]`,
			)
			.evaluateAll(
				(elements, controls) =>
					elements
						.filter((element) => element.querySelector(controls) !== null)
						.map((element) => element.getAttribute('data-test-id') ?? ''),
				PARAMETER_CONTROLS,
			);
		return [...new Set(drawn.map((id) => id.slice('parameter-input-'.length)))];
	}

	/**
	 * Texts the open panel's parameters cut off with an ellipsis ("Minimum Screen Replay Sc…"): elements whose CSS
	 * ends overflowing text with one and whose text is wider than their box. Measured with the text spaced 0.05 em
	 * wider (about a tenth), since fonts differ between systems: a label that fits here only just is cut elsewhere.
	 */
	async truncatedTexts(): Promise<string[]> {
		const parameters = `${byTestId('ndv')} ${byTestId('node-parameters')}`;
		const wider = await this.page.addStyleTag({
			content: `${parameters} * { letter-spacing: 0.05em !important; }`,
		});
		try {
			return await this.page.locator(`${parameters} *`).evaluateAll((elements) =>
				elements
					.filter(
						(element) =>
							(
								element.ownerDocument.defaultView as unknown as {
									getComputedStyle(element: unknown): { textOverflow: string };
								}
							).getComputedStyle(element).textOverflow === 'ellipsis' &&
							element.scrollWidth > element.clientWidth + 1,
					)
					.map((element) => (element.textContent ?? '').trim())
					.filter((text) => text !== ''),
			);
		} finally {
			await wider.evaluate((style) => style.remove());
		}
	}

	/** The text of the open panel's parameters as drawn (labels, notices, values), for what a user reads. */
	async parametersText(): Promise<string> {
		return await this.page.locator(`${byTestId('ndv')} ${byTestId('node-parameters')}`).innerText();
	}

	/** The open trigger panel's header (n8n's default, or the node's description.triggerPanel.header). */
	async triggerHeader(): Promise<string> {
		return (
			await this.page.locator(`${byTestId('ndv')} ${byTestId('trigger-header')}`).innerText()
		).trim();
	}

	/** The nodes panel ("What happens next?"), searched: the names of the items it lists, in order. */
	async searchNodesPanel(query: string): Promise<string[]> {
		await this.page.locator(byTestId('node-creator-plus-button')).click();
		const search = this.page.locator(`input${byTestId('node-creator-search-bar')}`);
		await search.waitFor();
		await search.fill(query);
		const names = this.page.locator(
			`${byTestId('node-creator')} ${byTestId('node-creator-item-name')}`,
		);
		await names.first().waitFor();
		await this.settle();
		const visible = await names.filter({ visible: true }).allTextContents();
		return [...new Set(visible.map((name) => name.trim()))];
	}

	/**
	 * The panel n8n opens from the + after a node ("What happens next?"), searched: each item's name and the
	 * description it shows under it.
	 */
	async whatHappensNext(
		afterNode: string,
		query: string,
	): Promise<Array<{ name: string; description: string }>> {
		await this.canvasNode(afterNode).hover();
		await this.page.locator(byTestId('canvas-handle-plus')).first().click();
		const creator = this.page.locator(byTestId('node-creator'));
		const search = creator.locator(`input${byTestId('node-creator-search-bar')}`);
		await creator.getByText('What happens next?').waitFor();
		await search.fill(query);
		// An entry with actions is drawn as an action item, one without as a node item.
		const items = creator
			.locator(`${byTestId('node-creator-node-item')}, ${byTestId('node-creator-action-item')}`)
			.filter({ visible: true });
		await items.first().waitFor();
		await this.settle();
		const listed = [];
		for (const item of await items.all())
			listed.push({
				name: (await item.locator(byTestId('node-creator-item-name')).innerText()).trim(),
				description: (
					await item.locator(byTestId('node-creator-item-description')).innerText()
				).trim(),
			});
		return listed;
	}

	/**
	 * The sticky notes on the canvas whose text does not fit their box (n8n cuts it off): each one's first line.
	 * A sticky's content sits in a box that hides what overflows it.
	 */
	async overflowingStickyNotes(): Promise<string[]> {
		return await this.page.locator(byTestId('sticky')).evaluateAll((notes) =>
			notes
				.filter((note) =>
					(
						Array.from(note.querySelectorAll('*')) as unknown as Array<{
							scrollHeight: number;
							clientHeight: number;
						}>
					).some(
						(box) =>
							(
								note.ownerDocument.defaultView as unknown as {
									getComputedStyle(element: unknown): { overflow: string };
								}
							).getComputedStyle(box).overflow === 'hidden' &&
							box.scrollHeight > box.clientHeight + 1,
					),
				)
				.map((note) => (note.textContent ?? '').trim().split('\n')[0].slice(0, 80)),
		);
	}

	/**
	 * The nodes panel searched for `query` (`found`: the names it lists), then what it lists inside the node
	 * `nodeName`: its categories ("Actions", "Triggers") with their items' names, every category expanded. A category
	 * whose actions n8n groups under labels (one per resource, when a node has several) maps each label to its items.
	 */
	async nodeActions(
		query: string,
		nodeName: string,
	): Promise<{ found: string[]; categories: Record<string, ListedItems> }> {
		const found = await this.searchNodesPanel(query);
		const creator = this.page.locator(byTestId('node-creator'));
		await creator
			.locator(byTestId('node-creator-item-name'), { hasText: nodeName })
			.filter({ visible: true })
			.first()
			.click();
		const categories = creator.locator('[data-category-collapsed]');
		await categories.first().waitFor();
		for (const category of await categories.all()) {
			if ((await category.getAttribute('data-category-collapsed')) === 'true')
				await category.locator(byTestId('node-creator-category-item')).click();
		}
		await this.settle();
		const listed: Record<string, ListedItems> = {};
		for (const category of await categories.all()) {
			const title = await category.locator(byTestId('node-creator-category-item')).innerText();
			// n8n's label items (its LabelItem) are the iterator items without a keyboard navigation type
			const entries = await category.locator(byTestId('item-iterator-item')).evaluateAll((items) =>
				items.map((item) =>
					item.hasAttribute('data-keyboard-nav-type')
						? {
								name: (
									item.querySelector('[data-test-id="node-creator-item-name"]')?.textContent ?? ''
								).trim(),
							}
						: { label: (item.textContent ?? '').trim() },
				),
			);
			const labelled = entries.some((entry) => 'label' in entry);
			const groups: Record<string, string[]> = {};
			const names: string[] = [];
			let label = '';
			for (const entry of entries) {
				if ('label' in entry) label = entry.label;
				else if (labelled) (groups[label] ??= []).push(entry.name);
				else names.push(entry.name);
			}
			listed[title.trim().replace(/\s*\(\d+\)$/, '')] = labelled ? groups : names;
		}
		return { found, categories: listed };
	}

	/** The credential's dialog, opened from the credentials list. */
	async openCredential(credentialId: string): Promise<Locator> {
		await this.page.goto(`${this.baseUrl}/home/credentials/${credentialId}`, {
			timeout: LOAD_TIMEOUT_MS,
		});
		const dialog = this.page.locator(byTestId('editCredential-modal'));
		await dialog.locator(byTestId('credential-connection-parameter')).first().waitFor({
			timeout: LOAD_TIMEOUT_MS,
		});
		await this.settle();
		return dialog;
	}

	/** Lets transitions, fonts and lazy panels finish before a look or a screenshot. */
	async settle(): Promise<void> {
		await this.page.waitForLoadState('networkidle').catch(() => undefined);
		await this.page.evaluate('document.fonts.ready.then(() => undefined)');
		await this.page.waitForTimeout(750);
	}

	async close(): Promise<void> {
		await this.session.close();
	}
}
