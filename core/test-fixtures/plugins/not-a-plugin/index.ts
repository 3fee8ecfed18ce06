export default { name: 'Not A Plugin', capabilities: ['teleport'] };
