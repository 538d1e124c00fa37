import type { Emulator } from '../../emulator';

/** A new hire as HR creates one: a User entry and a CTM:People record (support staff), no access. */
export function newHire(emulator: Emulator, login: string): void {
	emulator.control.insertEntry('User', { 'Login Name': login, 'Full Name': 'New Hire', 'License Type': 'Fixed', Password: 'x' });
	emulator.control.insertEntry('CTM:People', {
		'Remedy Login ID': login,
		'First Name': 'New',
		'Last Name': 'Hire',
		Company: 'Calbro Services',
		'Client Type': 'Office-Based Employee',
		'Support Staff': 'Yes',
	});
}
