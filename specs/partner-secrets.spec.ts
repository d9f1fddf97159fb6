import { tagSuite } from './_support/tag-suite';

tagSuite('Partner Secrets');
