import { tagSuite } from './_support/tag-suite';

tagSuite('Migration');
