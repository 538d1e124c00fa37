import { USER_FIELDS } from './identity';
import type { FormMetadata } from './metadata';

export type StatusTarget = 'disabled' | 'enabled';

/**
 * The User form's Status labels are not standardised (the reference could not confirm them), so
 * they are read from the server and recognised by meaning, with an override for unusual sites.
 * Here, below the actions, because User → Disable / Enable / Offboard and the SCIM node both need it.
 */
const PATTERNS: Record<StatusTarget, RegExp> = {
	disabled: /^(disabled?|inactive|locked|obsolete)$/i,
	enabled: /^(current|enabled?|active)$/i,
};

export function statusLabelFor(metadata: FormMetadata, target: StatusTarget, override: string): string {
	const labels = (metadata.byId.get(USER_FIELDS.status)?.enumLabels ?? []).filter((l) => l !== '');
	if (override) {
		const match = labels.find((label) => label.toLowerCase() === override.toLowerCase());
		if (labels.length > 0 && !match) {
			throw new Error(`'${override}' is not a Status of this server's User form (${labels.join(', ')})`);
		}
		return match ?? override;
	}
	const found = labels.find((label) => PATTERNS[target].test(label));
	// Index 0 is the normal, active state on the User form.
	if (!found && target === 'enabled' && labels[0]) return labels[0];
	if (!found) {
		throw new Error(
			`Could not tell which Status means ${target} on this server (labels: ${labels.join(', ') || 'none'}). Set Options → ${target === 'disabled' ? 'Disabled' : 'Enabled'} Status Label.`,
		);
	}
	return found;
}
